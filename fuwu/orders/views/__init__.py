"""The orders app's pages, one module per page family (each under 300 lines)."""
