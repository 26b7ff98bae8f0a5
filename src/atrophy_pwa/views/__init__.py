"""The Flask views: the pages (cards, care flow, checklist, hand-over), the JSON API and its OpenAPI
document, the offline files (manifest, service worker, offline page) and the error pages."""
