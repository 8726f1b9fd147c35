from duban.cli import app

app(prog_name="duban")
