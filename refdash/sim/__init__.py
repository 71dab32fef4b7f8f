"""The network-growth simulator."""
