"""The data layer: the store (the only SQL), importing, exporting, the demo store."""
