"""Structured transfers (countries, mechanism, document), retention per data category; approvals end with approval

Existing free-text transfer details stay as the explanation; where they name exactly one mechanism and
known countries, those are filled in (the owner checks them: the register check keeps warning until a
mechanism and countries are recorded). Entries back in concept or review lose the approver they kept.

Revision ID: c10evidence01
Revises: 134dc8d081e9
Create Date: 2026-11-29 19:10:00
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "c10evidence01"
down_revision = "b12exchange01"
branch_labels = None
depends_on = None

MECHANISM_PATTERNS = {
    "adequaatheidsbesluit": r"adequa|data privacy framework|\bdpf\b",
    "modelcontractbepalingen": r"modelcontract|standaardcontract|standard contractual|\bscc",
    "bindende_bedrijfsvoorschriften": r"\bbcr\b|bindende bedrijfsvoorschriften|binding corporate",
    "afwijking_art49": r"art(ikel|\.)?\s*49",
}

COUNTRY_PATTERNS = {
    "US": r"verenigde staten|\bvs\b|\busa\b|amerika|united states",
    "GB": r"verenigd koninkrijk|\bvk\b|\buk\b|united kingdom|groot-brittannië",
    "CH": r"zwitserland|switzerland",
    "CA": r"canada",
    "IN": r"\bindia\b",
    "JP": r"japan",
    "IL": r"isra[eë]l",
    "CN": r"\bchina\b",
    "AU": r"australi",
    "KR": r"zuid-korea|south korea",
    "BR": r"brazili",
    "TR": r"turkije|turkey",
    "SG": r"singapore",
    "UA": r"oekra[iï]ne|ukraine",
    "NZ": r"nieuw-zeeland|new zealand",
}


def guess(text: str | None) -> tuple[list[str], str | None]:
    """Countries named in text, and the mechanism when exactly one is named."""
    lowered = (text or "").lower()
    countries = [code for code, pattern in COUNTRY_PATTERNS.items() if re.search(pattern, lowered)]
    mechanisms = [code for code, pattern in MECHANISM_PATTERNS.items() if re.search(pattern, lowered)]
    return countries, mechanisms[0] if len(mechanisms) == 1 else None


def _add_json(table: str, column: str, empty: str) -> None:
    op.add_column(table, sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text(f"'{empty}'")))
    with op.batch_alter_table(table) as batch:
        batch.alter_column(column, server_default=None)


def upgrade() -> None:
    _add_json("processing_activity", "transfer_countries", "[]")
    _add_json("processing_activity", "retention_by_category", "{}")
    op.add_column("processing_activity", sa.Column("transfer_mechanism", sa.String(length=40), nullable=True))
    op.add_column("processing_activity", sa.Column("transfer_document", sa.String(length=300), nullable=True))
    _add_json("processor", "third_countries", "[]")
    op.add_column("processor", sa.Column("transfer_mechanism", sa.String(length=40), nullable=True))
    op.add_column("processor", sa.Column("transfer_document", sa.String(length=300), nullable=True))
    _migrate_data()


def _migrate_data() -> None:
    conn = op.get_bind()
    activity = sa.table(
        "processing_activity",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("approved_by_id", sa.Integer),
        sa.column("third_country_transfers", sa.Boolean),
        sa.column("transfer_details", sa.Text),
        sa.column("transfer_countries", sa.JSON),
        sa.column("transfer_mechanism", sa.String),
    )
    processor = sa.table(
        "processor",
        sa.column("id", sa.Integer),
        sa.column("location", sa.String),
        sa.column("third_country_details", sa.Text),
        sa.column("third_countries", sa.JSON),
        sa.column("transfer_mechanism", sa.String),
    )
    conn.execute(
        activity.update().where(activity.c.status.in_(("concept", "ter_review"))).values(approved_by_id=None)
    )
    rows = conn.execute(
        sa.select(activity.c.id, activity.c.transfer_details).where(activity.c.third_country_transfers.is_(True))
    ).all()
    for row_id, details in rows:
        countries, mechanism = guess(details)
        conn.execute(
            activity.update()
            .where(activity.c.id == row_id)
            .values(transfer_countries=countries, transfer_mechanism=mechanism)
        )
    rows = conn.execute(
        sa.select(processor.c.id, processor.c.third_country_details).where(processor.c.location == "derde_land")
    ).all()
    for row_id, details in rows:
        countries, mechanism = guess(details)
        conn.execute(
            processor.update()
            .where(processor.c.id == row_id)
            .values(third_countries=countries, transfer_mechanism=mechanism)
        )


def downgrade() -> None:
    # The structured values are written back into the free text so that nothing is lost.
    conn = op.get_bind()
    for table, countries_col, details_col in (
        ("processing_activity", "transfer_countries", "transfer_details"),
        ("processor", "third_countries", "third_country_details"),
    ):
        t = sa.table(
            table,
            sa.column("id", sa.Integer),
            sa.column(countries_col, sa.JSON),
            sa.column("transfer_mechanism", sa.String),
            sa.column("transfer_document", sa.String),
            sa.column(details_col, sa.Text),
        )
        for row in conn.execute(sa.select(t)).mappings():
            extra = [", ".join(row[countries_col] or []), row["transfer_mechanism"], row["transfer_document"]]
            extra = [e for e in extra if e]
            if extra:
                text = "\n".join([row[details_col] or "", " · ".join(extra)]).strip()
                conn.execute(t.update().where(t.c.id == row["id"]).values({details_col: text}))
    with op.batch_alter_table("processor") as batch:
        batch.drop_column("transfer_document")
        batch.drop_column("transfer_mechanism")
        batch.drop_column("third_countries")
    with op.batch_alter_table("processing_activity") as batch:
        batch.drop_column("transfer_document")
        batch.drop_column("transfer_mechanism")
        batch.drop_column("retention_by_category")
        batch.drop_column("transfer_countries")
