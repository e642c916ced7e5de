"""What an embassy sees of its country: the projects there, regional ones included, and the
country's share of the programme's money and indicators, with small numbers of victims masked."""
