"""Writes to orders and visits: every change through a named function, in one transaction, audited."""
