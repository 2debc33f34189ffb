"""The project leader's analysis of the findings (issue 15): their figures, the analysis page, checked quotes,
each area's summary, and the final report's chapters per insight area."""
