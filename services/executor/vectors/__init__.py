"""The pgvector store in the layout Vanna's pgvector store (langchain-postgres PGVector) reads."""
