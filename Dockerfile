# One image for the gateway, the executor and the janitor (the command picks the service).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
COPY demo ./demo
RUN pip install .

# Non-root; /data is the task storage mount point (a fresh named volume copies this ownership).
RUN useradd --create-home --uid 10001 app \
    && mkdir -p /data/training_data \
    && chown -R app:app /data
USER app
ENV DP_DATA_ROOT=/data/training_data
EXPOSE 8084
CMD ["python", "-m", "services.gateway"]
