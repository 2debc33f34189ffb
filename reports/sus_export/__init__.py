"""The SUS-ready export (issue 16): the project leader's page and `manage.py sus_export`. Names in reports/sus.py."""
