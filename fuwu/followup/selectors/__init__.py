"""Reads of follow-up for pages and the API: the worklist (``worklist``), the registers (``registers``),
requests (``requests``) and campaigns (``campaigns``), each scoped to what the user may see."""
