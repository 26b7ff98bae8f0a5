"""The core: the content and its schemas, the care rule (triage), emergency numbers, the hand-over
code, FHIR and pictograms. Plain Python over the data files; no request handling."""
