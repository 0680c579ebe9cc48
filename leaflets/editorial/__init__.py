"""Review and sign-off: the register, approvals, review packs and where each text stands."""
