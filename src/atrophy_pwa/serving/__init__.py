"""How responses reach people: the response table and the triage layer (the two fast WSGI layers), the
guard in front, headers, caching, hashed assets, the waitress server and the static export."""
