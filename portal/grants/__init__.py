"""From call to decision: calls, proposals, reviews and scores, embassy opinions, decisions
and the grants they create."""
