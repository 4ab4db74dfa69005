# The portal's image for docker-compose.yml: web (gunicorn), Celery worker and beat.
# Same Debian packages as scripts/install.sh (less Chromium and the local services, which the
# image does not need) and the same locked Python packages.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KYODO_VAR_DIR=/app/var

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-ipaexfont fonts-noto-cjk \
      poppler-utils gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir uv \
 && uv pip install --system --no-cache -r requirements.lock

COPY . .
RUN useradd --system --home-dir /app --shell /usr/sbin/nologin kyodo \
 && mkdir -p /app/var/media /app/var/staticfiles \
 && if find . -name '*.po' -not -path './var/*' | grep -q .; then \
      python manage.py compilemessages -v0 --ignore=var; fi \
 && chown -R kyodo:kyodo /app/var
USER kyodo

EXPOSE 8000
CMD ["gunicorn", "kyodo.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--graceful-timeout", "5", "--access-logfile", "-"]
