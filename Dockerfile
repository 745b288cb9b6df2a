# Kinerja Bot: a small image, run as an unprivileged user. Build: docker build -t kinerja-bot .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /var/lib/kinerja --create-home kinerja \
    && mkdir -p /var/lib/kinerja/data \
    && chown -R kinerja:kinerja /var/lib/kinerja

# Everything the bot writes lives under /var/lib/kinerja (a named volume in compose.yaml).
ENV DATA_DIR=/var/lib/kinerja/data \
    DATABASE_URL=sqlite:////var/lib/kinerja/data/kinerja.db
USER kinerja
WORKDIR /var/lib/kinerja
VOLUME ["/var/lib/kinerja"]

# `check` reads the configuration, the files and the database and never calls Telegram.
HEALTHCHECK --interval=1m --timeout=30s --start-period=30s --retries=3 CMD ["python", "-m", "bot", "check"]
CMD ["python", "-m", "bot"]
