"""The indicator catalogue kept by the mission, its breakdowns, and the roll-up queries."""
