"""The notification mail for a failed, missed or locked-out scheduled run (plain ``smtplib``).

Not storage: it moved here from ``store/schedule_log.py`` so the store only keeps data.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any

__all__ = ["send_mail"]


def send_mail(
    *,
    host: str,
    port: int,
    sender: str,
    to: Sequence[str],
    subject: str,
    body: str,
    starttls: bool = False,
    ssl: bool = False,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 30.0,
) -> None:
    """Send one plain-text mail (UTF-8). Raises OSError/smtplib.SMTPException on failure."""
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, sender, ", ".join(to)
    msg.set_content(body)
    cls: Any = smtplib.SMTP_SSL if ssl else smtplib.SMTP
    with cls(host, port, timeout=timeout) as smtp:
        if starttls and not ssl:
            smtp.starttls()
        if user:
            smtp.login(user, password or "")
        smtp.send_message(msg)
