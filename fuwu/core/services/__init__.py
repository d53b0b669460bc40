"""Writes to core rows. Every function here runs in one transaction and records an audit entry."""
