"""`python -m django action_digest [--dry-run]`: e-mail each subscriber their overdue and
at-risk actions (see obeya.actions.digest)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from obeya.actions.digest import digest_send


class Command(BaseCommand):
    help = "E-mail each subscriber their overdue and at-risk actions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say who would get a digest, send nothing"
        )
        parser.add_argument(
            "--base-url", default="", help="start of the links, e.g. https://obeya.example.com"
        )

    def handle(self, *args, dry_run: bool = False, base_url: str = "", **options):
        report = digest_send(dry_run=dry_run, base_url=base_url)
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(report.sent)} digest(s) {verb}: {', '.join(report.sent) or '-'}")
        if report.nothing_to_report:
            self.stdout.write(
                f"{len(report.nothing_to_report)} subscriber(s) with nothing to report: "
                + ", ".join(report.nothing_to_report)
            )
        if report.without_email:
            self.stdout.write(
                f"{len(report.without_email)} subscriber(s) without an e-mail address: "
                + ", ".join(report.without_email)
            )
