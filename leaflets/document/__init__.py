"""The layout-neutral document every output draws, and how a topic becomes one."""
