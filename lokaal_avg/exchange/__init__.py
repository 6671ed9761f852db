"""The register in and out: spreadsheet import, exports (XLSX, CSV, JSON, JSON-LD with DPV).

Layer: above register, processors and channels; next to dossiers, whose documented JSON
builder the JSON export reuses (exchange imports dossiers, never the other way round).
"""
