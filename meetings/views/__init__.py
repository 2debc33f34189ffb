"""Meeting and history-review pages. Every page goes through the participant's access check."""
