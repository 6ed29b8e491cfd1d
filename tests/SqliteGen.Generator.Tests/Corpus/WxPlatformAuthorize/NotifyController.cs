// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI/Controllers/NotifyController.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Microsoft.AspNetCore.Mvc;
using WxPlatformAuthorize.Service;
using WxPlatformAuthorize.Service.Models;
using WxPlatformAuthorize.WebAPI.Models;

namespace WxPlatformAuthorize.WebAPI.Controllers
{
    public class NotifyController : ControllerBase
    {
        private readonly AuthorizeService _service;

        public NotifyController(AuthorizeService service) => _service = service;

        public string Receive(EventParameter parameter)
        {
            string infoType = Between(parameter.Body, "<InfoType><![CDATA[", "]]>");
            if (infoType == "component_verify_ticket")
                _service.SaveTicket(Between(parameter.Body, "<ComponentVerifyTicket><![CDATA[", "]]>"));
            else
                _service.RecordEvent(infoType, Between(parameter.Body, "<AuthorizerAppid><![CDATA[", "]]>"), null);
            return "success";
        }

        private static string Between(string text, string start, string end)
        {
            int from = text.IndexOf(start, System.StringComparison.Ordinal);
            if (from < 0)
                return "";
            from += start.Length;
            int to = text.IndexOf(end, from, System.StringComparison.Ordinal);
            return to < 0 ? "" : text.Substring(from, to - from);
        }
    }
}
