"""The sheets of an exported ledger, one writer per sheet (or small family of sheets)."""
