"""DPIA records (Art. 35 GDPR) for activities whose screening says a DPIA is likely."""
