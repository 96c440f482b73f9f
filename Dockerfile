# Channels Dashboard: one image for web, worker and beat (docker-compose.yml picks the command).
# Multi-stage: dependencies are built in the first stage, the second runs as a non-root user.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY pyproject.toml README.md ./
COPY channels_api ./channels_api
COPY dashboard ./dashboard
RUN pip install --upgrade pip && pip install .

FROM python:3.11-slim-bookworm AS run
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH="/opt/venv/bin:$PATH" \
    DEBUG=false PORT=8000
RUN groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=app:app manage.py ./
COPY --chown=app:app channels_api ./channels_api
COPY --chown=app:app dashboard ./dashboard
COPY --chown=app:app templates ./templates
COPY --chown=app:app static ./static
# Static files are collected at build time and served by whitenoise. The throwaway keys
# exist only for this one command: production settings refuse to start without real ones.
RUN SECRET_KEY=collectstatic-only TOKEN_ENCRYPTION_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1yZWFsLWtleSE= \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown app:app /app/var
USER app
EXPOSE 8000
CMD ["sh", "-c", "gunicorn dashboard.wsgi:application --bind 0.0.0.0:${PORT} --workers 3 --access-logfile -"]
