"""The evaluator's pseudonymised export: asked for with a purpose, approved by the project leader, then produced.

The evaluator sees no person (participants.access.visible_participants gives them none). The export is therefore
built from the data, not from the access queryset: the project leader's approval of each request is the
authorisation, and each production is kept as an ExportDownload (docs/architecture.md).
"""
