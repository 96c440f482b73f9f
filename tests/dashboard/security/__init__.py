"""The shell's security and reliability proofs (issue 9): faults, hostile input, access."""
