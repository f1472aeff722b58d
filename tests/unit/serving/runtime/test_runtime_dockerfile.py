"""The Dockerfile subset ``knlite image build`` reads."""

from __future__ import annotations

import pytest

from knlite.serving.runtime.dockerfile import Copy, DockerfileError, parse, substitute

HELLOWORLD_PYTHON = """
# Use the official lightweight Python image.
FROM python:3.11-slim

# Allow statements and log messages to immediately appear in the logs
ENV PYTHONUNBUFFERED True

ENV APP_HOME /app
WORKDIR $APP_HOME
COPY . ./

RUN pip install --no-cache-dir -r requirements.txt && \\
    apt-get clean

CMD exec gunicorn --bind :$PORT --workers 1 --threads 8 --timeout 0 app:app
"""


def test_knative_helloworld_python() -> None:
    df = parse(HELLOWORLD_PYTHON)
    assert df.base == "python:3.11-slim"
    assert df.env == [("PYTHONUNBUFFERED", "True"), ("APP_HOME", "/app")]
    assert df.workdir == "/app"
    assert df.copies == [Copy(["."], "/app/")]
    assert df.pip_installs == [("/app", ["--no-cache-dir", "-r", "requirements.txt"])]
    assert df.cmd == ["/bin/sh", "-c", "exec gunicorn --bind :$PORT --workers 1 --threads 8 --timeout 0 app:app"]
    assert df.entrypoint is None
    assert any("apt-get clean" in i for i in df.ignored)


@pytest.mark.parametrize(("text", "entrypoint", "cmd"), [
    ('CMD ["python", "app.py"]', None, ["python", "app.py"]),
    ("CMD python app.py", None, ["/bin/sh", "-c", "python app.py"]),
    ('ENTRYPOINT ["python"]\nCMD ["app.py"]', ["python"], ["app.py"]),
    ('CMD ["x"]\nENTRYPOINT ["python", "-u"]', ["python", "-u"], ["x"]),
    ("ENTRYPOINT exec python app.py", ["/bin/sh", "-c", "exec python app.py"], None),
    ('CMD [not json', None, ["/bin/sh", "-c", "[not json"]),
])
def test_entrypoint_and_cmd(text: str, entrypoint: list[str] | None, cmd: list[str] | None) -> None:
    df = parse(text)
    assert (df.entrypoint, df.cmd) == (entrypoint, cmd)


def test_env_forms_and_substitution() -> None:
    df = parse('ARG VERSION=1.0\nENV A=1 B="two words" C=$A-${VERSION}\nENV D ${MISSING:-dflt} and more\n'
               "ENV A=override E=${A:+set}")
    assert df.env_dict() == {"A": "override", "B": "two words", "C": "1-1.0", "D": "dflt and more", "E": "set"}
    assert [k for k, _ in df.env] == ["B", "C", "D", "A", "E"]


def test_substitute_escape() -> None:
    assert substitute(r"\$HOME is $HOME", {"HOME": "/root"}) == "$HOME is /root"


def test_workdir_expose_copy() -> None:
    df = parse("WORKDIR /srv\nWORKDIR app\nEXPOSE 8080/tcp 9090\nCOPY --chown=1:1 a.py b.py lib/\n"
               "COPY [\"req.txt\", \"/req.txt\"]\nADD https://example.com/x /x\nCOPY --from=build /bin/x /x\n"
               "USER nobody\nWORKDIR ../other")
    assert df.workdir == "/srv/other"
    assert df.exposed_ports == [8080, 9090]
    assert df.copies == [Copy(["a.py", "b.py"], "/srv/app/lib/"), Copy(["req.txt"], "/req.txt")]
    assert len(df.ignored) == 3


def test_comments_and_continuations() -> None:
    df = parse("FROM x\n# comment\nRUN pip install \\\n  # inline comment line\n  flask \\\n  gunicorn\n")
    assert df.pip_installs == [("/", ["flask", "gunicorn"])]


def test_python_m_pip_and_exec_form() -> None:
    df = parse('RUN python -m pip install -U requests; echo done\nRUN ["pip3", "install", "x"]')
    assert df.pip_installs == [("/", ["-U", "requests"]), ("/", ["x"])]
    assert df.ignored == ["line 1: RUN echo done"]


@pytest.mark.parametrize("text", ["EXPOSE http", "COPY onlyone", "ENV"])
def test_errors(text: str) -> None:
    with pytest.raises(DockerfileError):
        parse(text)
