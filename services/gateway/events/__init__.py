"""Live events for the console: the broker's events fanned out to SSE clients."""
