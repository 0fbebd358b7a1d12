"""Review: cards and decisions, what decisions teach, agreement between coders, reconciliation."""
