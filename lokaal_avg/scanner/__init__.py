"""The channel scanner: fetch a URL safely, check its transport security, classify its forms.

Pure Python (httpx + lxml), no Flask, no database. Public API::

    from lokaal_avg.scanner import ScanSettings, scan_url, crawl_site, classify_field

See docs/scan-json.md for the JSON form of a ScanResult.
"""

from lokaal_avg.scanner.classify import Classification, classify_field
from lokaal_avg.scanner.crawl import crawl_site
from lokaal_avg.scanner.engine import scan_url
from lokaal_avg.scanner.html_forms import FormField
from lokaal_avg.scanner.netguard import is_address_allowed
from lokaal_avg.scanner.result import STATUSES, Finding, FormResult, ScanResult
from lokaal_avg.scanner.settings import ScanSettings
from lokaal_avg.scanner.vocabulary import CATEGORIES

__all__ = [
    "CATEGORIES",
    "STATUSES",
    "Classification",
    "Finding",
    "FormField",
    "FormResult",
    "ScanResult",
    "ScanSettings",
    "classify_field",
    "crawl_site",
    "is_address_allowed",
    "scan_url",
]
