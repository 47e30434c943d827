"""``python -m portal.sandbox --addr 127.0.0.1:8001``: run the sandbox APIO."""

import argparse
import json
import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

logger = logging.getLogger("portal.sandbox")


class SandboxHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/health":
            self.send_json(200, {"status": "ok"})
        else:
            self.send_json(404, {"error": "not found"})

    def send_json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        logger.info("%s %s", self.address_string(), format % args)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the sandbox APIO.")
    parser.add_argument("--addr", default="127.0.0.1:8001")
    host, _, port = parser.parse_args().addr.rpartition(":")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s sandbox %(message)s")
    server = ThreadingHTTPServer((host, int(port)), SandboxHandler)
    logger.info("sandbox APIO listening on http://%s:%s", host, port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
