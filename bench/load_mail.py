"""A mail sink for the load run: the portal sends through SMTP as in production, to this server on
the loopback, which keeps what it received. A message received twice (same recipient, subject and
body: every message the run causes is unique) was delivered twice."""

import collections
import email
import email.policy
import socketserver
import threading


class _Session(socketserver.StreamRequestHandler):
    def handle(self):
        self.reply("220 load-sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-load-sink", "250-8BITMIME", "250-SMTPUTF8", "250 HELP")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.sink.keep(self._data())
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _data(self):
        lines = []
        for line in iter(self.rfile.readline, b""):
            if line in (b".\r\n", b".\n"):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def reply(self, *lines):
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode())


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class MailSink:
    """`with MailSink() as sink:` listens at 127.0.0.1:sink.port until the block ends."""

    def __init__(self):
        self._server = _Server(("127.0.0.1", 0), _Session)
        self._server.sink = self
        self.port = self._server.server_address[1]
        self._lock = threading.Lock()
        self.received = collections.Counter()  # (to, subject, body): times received

    def keep(self, data):
        message = email.message_from_bytes(data, policy=email.policy.default)
        body = message.get_body(("plain",))
        key = (str(message["To"]), str(message["Subject"]), body.get_content() if body else "")
        with self._lock:
            self.received[key] += 1

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        return False

    def figures(self):
        with self._lock:
            counts = list(self.received.values())
        return {"received": sum(counts), "distinct": len(counts),
                "received_more_than_once": sum(1 for count in counts if count > 1)}
