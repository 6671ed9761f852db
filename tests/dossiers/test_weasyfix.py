"""The pydyf speed fix returns exactly what pydyf itself computes, also after pages are added."""

from __future__ import annotations

import pydyf

from lokaal_avg.dossiers import weasyfix


def test_cached_page_references_follow_added_pages():
    assert weasyfix.apply()
    pdf = pydyf.PDF()
    for count in (1, 2, 5):
        while len(pdf.pages["Kids"]) // 3 < count:
            pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == weasyfix.ORIGINAL.fget(pdf)
        assert len(pdf.page_references) == count
