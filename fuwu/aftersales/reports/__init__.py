"""The after-sales reports, generated from the stored rows: the monthly parts-cost report to finance
(p12.16b), the weekly quality feedback to the general manager (p12.10) and the monthly service summary to
the general manager's office (p12.5)."""
