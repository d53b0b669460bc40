"""Fuwu (服务): runs a Chinese service company by its own written service regulations."""
