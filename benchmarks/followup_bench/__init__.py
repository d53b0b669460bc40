"""The follow-up worklist benchmark (issue 8): the company's follow-up loaded in bulk, one manager's
worklist timed through the page and the API against a bare view of the same rows."""
