"""The demo: the sample business database highway_db and an end-to-end run of the services."""
