"""The steering group's meetings (issue 15): the staff's points before the förmöte, the agenda the project leader
edits from them and publishes as a PDF with the reports' own figures, and the decisions followed until closed.

`queries` reads (and is what reports.report and reports.services import), `services` writes, `pdf` renders the
agenda, `forms` and `views` are the pages."""
