using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features;

/// <summary>The Chinese page for an empty error response (404 and the like) on the public and staff pages; the API answers problem documents instead.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
{
    public int Code { get; private set; }

    public string Title => Code switch
    {
        404 => "找不到该页面",
        403 => "没有访问权限",
        405 => "不支持该操作",
        _ => "请求未能完成",
    };

    public string Explanation => Code switch
    {
        404 => "您要找的页面或文件不存在，可能地址有误，或内容尚未发布、已被移除。",
        403 => "您的账号没有打开此页面的权限。",
        _ => "请检查后重试，或返回首页。",
    };

    public void OnGet(int code) => Code = code;

    public void OnPost(int code) => Code = code;
}
