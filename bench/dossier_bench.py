"""Benchmark of the PDF dossier against a plain WeasyPrint document of the same length.

Usage: ``python bench/dossier_bench.py [--sizes 50 300 1000] [--keep DIR]``

For each size a temporary SQLite database gets a synthetic but realistic register (activities
built from the catalogue texts, with gaps, ended entries, processors, channels with scans,
findings, actions and an audit trail with a previous dossier, so every section has content).
Then, each in a fresh subprocess so that the peak memory (ru_maxrss) is the render's own:

- the dossier: collect + HTML + WeasyPrint + PDF/A post-processing, exactly as the job does;
- a plain document: headings, paragraphs and small tables in the same fonts, written with the
  same PDF options (PDF/A-3u, tagged, a JSON attachment), sized to the dossier's page count.

The ratio dossier/plain shows what our templates cost beyond WeasyPrint's own price per page.
Target: 300 activities within 1.3x the plain document's time and under 600 MiB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    *("gegevens", "inwoners", "dossier", "aanvraag", "dienst", "verwerking", "bewaring", "toegang"),
    *("beveiliging", "register", "gemeente", "beslissing", "attest", "melding", "formulier", "loket"),
    *("betaling", "controle", "opvolging", "termijn", "archief"),
]


def _app(db_path: Path):
    from lokaal_avg import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench", "TESTING": True})


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- seeding


def seed(db_path: Path, size: int) -> None:
    """Fill a fresh database with an organisation of `size` activities."""
    from lokaal_avg.core.extensions import db

    app = _app(db_path)
    with app.app_context():
        db.create_all()
        _seed_org(size, random.Random(size))
        db.session.commit()


def _seed_org(size: int, rng: random.Random) -> None:
    from lokaal_avg.accounts import services as accounts
    from lokaal_avg.catalogue import services as catalogue
    from lokaal_avg.demo.municipalities import DEPARTMENTS, kbo
    from lokaal_avg.organisations import services as organisations
    from lokaal_avg.processors import services as processors
    from lokaal_avg.register import services as register

    org = organisations.create_organisation(
        "bench",
        "Gemeente Benchmark",
        departments=DEPARTMENTS,
        kbo_number=kbo("02075010"),
        street="Marktplein 1",
        postal_code="9999",
        city="Benchmark",
        dpo_name="Fien Functionaris",
        dpo_email="dpo@benchmark.be",
        dpo_appointed_on=date(2018, 5, 25),
        security_plan_date=date(2024, 1, 1),
        last_security_audit_date=date(2025, 6, 1),
    )
    users = [accounts.create_user(f"user{i}@benchmark.be", f"Medewerker {i}", "bench-password-123") for i in range(8)]
    vendors = []
    for i in range(15):
        signed = date(2023, 1, 1) + timedelta(days=40 * i) if i % 4 else None
        vendors.append(
            processors.create_processor(
                org,
                users[0],
                {
                    "name": f"Leverancier {i:02d} NV",
                    "kbo_number": kbo(f"0{4000000 + i * 7919:07d}"),
                    "services": "Software en hosting voor " + " ".join(rng.sample(WORDS, 4)),
                    "agreement_signed_on": signed,
                    "agreement_expires_on": signed + timedelta(days=1100) if signed else None,
                    "agreement_reference": f"VO-{i:03d}" if signed else None,
                },
            )
        )
    templates = catalogue.load_activities()
    activities = []
    for i in range(size):
        data = catalogue.activity_data_from_template(org, templates[i % len(templates)], users[0])
        data["name"] = f"{data['name']} ({i + 1})"
        data["reference"] = f"{data['reference']}-{i + 1:04d}"
        data["processors"] = [v.id for v in rng.sample(vendors, rng.randint(0, 3))]
        data["responsible_person"] = f"Diensthoofd {i % 23}"
        data["systems"] = "Toepassing " + " ".join(rng.sample(WORDS, 3))
        if i % 7 == 0:  # some gaps in mandatory fields
            data["retention"] = None
            data["security_measures"] = None
        activity = register.create_activity(org, users[i % 8], data)
        activity.status = ("goedgekeurd", "goedgekeurd", "ter_review", "concept")[i % 4]
        if i % 25 == 0:
            activity.status, activity.end_date = "beeindigd", date(2025, 1, 1)
        activities.append(activity)
    _seed_channels_and_plan(org, activities, vendors, users, size, rng)
    _seed_history(org, activities, users, rng)


def _seed_channels_and_plan(org, activities, vendors, users, size: int, rng: random.Random) -> None:
    from lokaal_avg.channels.models import Channel, ChannelField
    from lokaal_avg.core.db import utcnow
    from lokaal_avg.core.extensions import db
    from lokaal_avg.remediation.models import Action, Finding
    from lokaal_avg.scanning.models import Scan

    for i in range(max(size // 5, 3)):
        https = i % 6 != 0
        url = f"{'https' if https else 'http'}://loket{i}.benchmark.be/formulier/{i}"
        channel = Channel(
            organisation_id=org.id,
            name=f"Webformulier {i:03d}",
            kind=("webformulier", "e_loket")[i % 2],
            url=url,
            vendor_id=vendors[i % len(vendors)].id,
            authentication=("geen", "eid_itsme", "eigen_account")[i % 3],
            activities=rng.sample(activities, 2),
        )
        channel.fields = [
            ChannelField(organisation_id=org.id, field_key=f"0:f{j}", label=label, position=j)
            for j, label in enumerate(("Voornaam", "Familienaam", "E-mailadres", "Telefoon", "Opmerking"))
        ]
        db.session.add(channel)
        db.session.flush()
        scan = Scan(
            organisation_id=org.id,
            channel_id=channel.id,
            url=url,
            final_url=url,
            status="ok",
            finished_at=utcnow(),
            high=0 if https else 1,
            medium=1,
            result={
                "status_message": "De pagina werd opgehaald.",
                "https": {"available": https},
                "certificate": {"valid": True, "days_remaining": 60} if https else None,
                "redirect_to_https": https,
                "hsts": {"present": i % 2 == 0},
                "forms": [{"insecure_action": not https}],
                "form_count": 1,
                "third_parties": [{"host": "stats.example", "tracker": "Voorbeeldtracker"}] if i % 4 == 0 else [],
            },
        )
        db.session.add(scan)
        db.session.flush()
        finding = Finding(
            organisation_id=org.id,
            fingerprint=f"scan:channel:{channel.id}:hsts_missing:x",
            source="scan",
            code="hsts_missing",
            severity=("kritiek", "hoog", "midden", "laag")[i % 4],
            title=f"HSTS ontbreekt op {channel.name}",
            fix="Zet Strict-Transport-Security met een max-age van minstens een jaar.",
            channel_id=channel.id,
            scan_id=scan.id,
        )
        db.session.add(finding)
        db.session.flush()
        db.session.add(
            Action(
                organisation_id=org.id,
                title=f"HSTS activeren op {channel.name}",
                finding_id=finding.id,
                channel_id=channel.id,
                assignee_id=users[i % 8].id,
                due_date=date.today() + timedelta(days=(i % 60) - 20),
                priority=("hoog", "midden", "laag")[i % 3],
                status=("open", "in_uitvoering", "wacht_op_derde", "geverifieerd")[i % 4],
            )
        )
    db.session.flush()


def _seed_history(org, activities, users, rng: random.Random) -> None:
    """A previous dossier, then edits to a fifth of the register: the change log has content."""
    from lokaal_avg.core.db import utcnow
    from lokaal_avg.core.extensions import db
    from lokaal_avg.dossiers.models import Dossier
    from lokaal_avg.register import services as register

    db.session.add(
        Dossier(
            organisation_id=org.id,
            scope="organisatie",
            version=1,
            title="AVG-dossier Gemeente Benchmark",
            created_at=utcnow(),
            sha256="0" * 64,
            size=1,
            page_count=1,
            pdf=b"%PDF",
        )
    )
    db.session.flush()
    for activity in rng.sample(activities, len(activities) // 5):
        if activity.status == "beeindigd":
            continue
        register.update_activity(
            org, users[1], None, activity, {"systems": "Nieuwe toepassing " + " ".join(rng.sample(WORDS, 3))}
        )


# --------------------------------------------------------------------------- rendering


def render_dossier_child(db_path: Path) -> dict:
    from sqlalchemy import select

    from lokaal_avg.core.extensions import db
    from lokaal_avg.dossiers import services
    from lokaal_avg.dossiers.render import render_dossier
    from lokaal_avg.dossiers.scope import DossierScope
    from lokaal_avg.organisations.models import Organisation

    app = _app(db_path)
    with app.app_context():
        org = db.session.scalars(select(Organisation)).one()
        baseline = _peak_mib()
        start, cpu_start = time.perf_counter(), time.process_time()
        data = services.prepare(org, DossierScope())
        collected = time.process_time()
        rendered = render_dossier(data)
        end, cpu_end = time.perf_counter(), time.process_time()
    return {
        "seconds": end - start,
        "cpu": cpu_end - cpu_start,
        "collect": collected - cpu_start,
        "pages": rendered.page_count,
        "bytes": len(rendered.pdf),
        "baseline_mib": baseline,
        "peak_mib": _peak_mib(),
    }


def plain_html(blocks: int) -> str:
    """Headings, paragraphs and small two-column tables in the dossier's fonts."""
    rng = random.Random(blocks)
    fonts = ROOT / "static" / "fonts"
    parts = [
        "<!doctype html><html lang='nl-BE'><head><meta charset='utf-8'><title>Plain</title><style>",
        f"@font-face {{ font-family: P; src: url({(fonts / 'DejaVuSansCondensed.ttf').as_uri()}); }}",
        f"@font-face {{ font-family: P; src: url({(fonts / 'DejaVuSansCondensed-Bold.ttf').as_uri()});"
        " font-weight: bold; }",
        "@page { size: A4; margin: 21mm 16mm 18mm 16mm; }",
        "html { font-family: P; font-size: 8.8pt; line-height: 1.32; }",
        "table { width: 100%; border-spacing: 0; } td { border-bottom: .4pt solid #ccc; padding: 1.6pt 3pt; }",
        "</style></head><body>",
    ]
    for i in range(blocks):
        parts.append(f"<h2>Onderdeel {i + 1}</h2><p>{' '.join(rng.choices(WORDS, k=70))}.</p><table>")
        for _row in range(8):
            parts.append(
                f"<tr><td>{' '.join(rng.choices(WORDS, k=2))}</td><td>{' '.join(rng.choices(WORDS, k=14))}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def render_plain_child(blocks: int) -> dict:
    from weasyprint import HTML, Attachment

    from lokaal_avg.dossiers import weasyfix

    weasyfix.apply()  # the same pydyf speed fix as the dossier gets, so the ratio compares templates only

    baseline = _peak_mib()
    start, cpu_start = time.perf_counter(), time.process_time()
    document = HTML(string=plain_html(blocks)).render()
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    attachment = Attachment(string=b"{}", name="x.json", relationship="Data", created=moment, modified=moment)
    pdf = document.write_pdf(pdf_variant="pdf/a-3u", pdf_tags=True, attachments=[attachment])
    end, cpu_end = time.perf_counter(), time.process_time()
    return {
        "seconds": end - start,
        "cpu": cpu_end - cpu_start,
        "pages": len(document.pages),
        "bytes": len(pdf),
        "baseline_mib": baseline,
        "peak_mib": _peak_mib(),
    }


def count_plain_pages(blocks: int) -> dict:
    from weasyprint import HTML

    return {"pages": len(HTML(string=plain_html(blocks)).render().pages)}


# --------------------------------------------------------------------------- driver


def child(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if result.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(sizes: list[int], keep: Path | None) -> None:
    calibration = child("count-plain", "40")["pages"] / 40
    print(
        "CPU seconds of the measured process (the wall time suffers from other work on a shared machine);\n"
        "ratio = dossier CPU s/page ÷ plain CPU s/page; peak = ru_maxrss of the rendering process.\n"
    )
    header = (
        "activities",
        "pages",
        "cpu s",
        "wall s",
        "collect",
        "plain p",
        "plain cpu",
        "ratio",
        "peak MiB",
        "plain MiB",
    )
    print("".join(f"{h:>11}" for h in header))
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        for size in sizes:
            db_path = folder / f"dossier-bench-{size}.sqlite"
            if not db_path.exists():
                child("seed", str(db_path), str(size))
            dossier = child("dossier", str(db_path))
            plain = child("plain", str(max(round(dossier["pages"] / calibration), 1)))
            # Per page, so that a plain document a few pages off does not skew the ratio.
            ratio = (dossier["cpu"] / dossier["pages"]) / (plain["cpu"] / plain["pages"])
            row = (
                size,
                dossier["pages"],
                f"{dossier['cpu']:.1f}",
                f"{dossier['seconds']:.1f}",
                f"{dossier['collect']:.2f}",
                plain["pages"],
                f"{plain['cpu']:.1f}",
                f"{ratio:.2f}",
                f"{dossier['peak_mib']:.0f}",
                f"{plain['peak_mib']:.0f}",
            )
            print("".join(f"{v:>11}" for v in row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 300, 1000])
    parser.add_argument("--keep", type=Path, help="keep the generated databases in this folder")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child:
        run(args.sizes, args.keep)
        return
    kind, *rest = args.child
    if kind == "seed":
        seed(Path(rest[0]), int(rest[1]))
        out: dict = {}
    elif kind == "dossier":
        out = render_dossier_child(Path(rest[0]))
    elif kind == "plain":
        out = render_plain_child(int(rest[0]))
    else:
        out = count_plain_pages(int(rest[0]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
