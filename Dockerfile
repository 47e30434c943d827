# Production image: gunicorn serving the portal; the same image runs the Celery worker and beat.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY portal ./portal
RUN python -m venv /opt/venv && /opt/venv/bin/pip install .

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production SWITCHBOARD_VAR_DIR=/app/var
RUN useradd --system --create-home --uid 10001 portal
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=portal:portal manage.py ./
COPY --chown=portal:portal portal ./portal
COPY --chown=portal:portal templates ./templates
COPY --chown=portal:portal static ./static
# collectstatic needs settings, not secrets: a throwaway key for this one step.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown portal:portal /app/var
USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4)"
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
