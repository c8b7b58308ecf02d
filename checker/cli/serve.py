"""``fazhi serve``: the local web desk (start page, reviewer, department upload links)."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import CONTEXT, Command
from checker.errors import UsageError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@click.command(cls=Command, context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只允许本机访问）")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--data", "data_dir", default="fazhi-data", show_default=True, type=click.Path(file_okay=False),
              help="数据文件夹：数据库和上传的文件都保存在这里")
@click.option("--db", "db_url", help="数据库地址（默认 DATA/fazhi.sqlite3），如 postgresql://用户@主机/库")
@click.option("--max-upload", default=20, show_default=True, type=click.IntRange(1, 500), help="单个文件大小上限（MB）")
@click.option("--workers", type=click.IntRange(1, 64), help="检查进程数（默认 CPU 核数，最多 4）")
@click.option("--public-url", help="各单位访问本服务的地址（如 https://fazhi.example.gov.cn），用于生成上传链接")
@click.option("--secure-cookies", is_flag=True, help="Cookie 只经 HTTPS 发送（经 HTTPS 反向代理提供服务时使用）")
@click.option("--reset-password", is_flag=True, help="清除审核人密码和所有登录，启动后重新设置")
def serve(host, port, data_dir, db_url, max_upload, workers, public_url, secure_cookies, reset_password):
    """启动本机网页：拖入草稿即查；审核人员收集各单位报告。"""
    import uvicorn

    from checker.serve.app import Settings, create_app

    settings = Settings(data_dir=Path(data_dir), db_url=db_url, max_upload=max_upload * 1024 * 1024,
                        secure_cookies=secure_cookies, public_url=public_url)
    if public_url and not public_url.startswith(("http://", "https://")):
        raise UsageError(f"--public-url 应以 http:// 或 https:// 开头，实际是“{public_url}”")
    if workers:
        settings.workers = workers
    app = create_app(settings)
    desk = app.state.desk
    if reset_password:
        desk.store.delete_setting("password")
        desk.store.delete_all_sessions()
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}"
    click.echo(f"fazhi serve：{base}")
    click.echo(f"数据文件夹：{settings.data_dir.resolve()}")
    if host not in LOCAL_HOSTS:
        click.echo("注意：已允许其他计算机访问；对外提供前请阅读 README 中“在内网提供服务之前”一节", err=True)
    if not desk.has_password:
        click.echo(f"首次使用：请在浏览器打开 {base}/setup?key={desk.setup_key} 设置审核人密码（此链接只显示在这里）")
    click.echo("按 Ctrl+C 停止")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)
