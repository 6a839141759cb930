"""Writing (Copywriter): one piece per idea × channel, validated and repaired with the
validator's feedback, versioned (original, repairs, edits, revisions)."""
