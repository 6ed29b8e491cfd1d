// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI/Controllers/AuthorizeController.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using Microsoft.AspNetCore.Mvc;
using WxPlatformAuthorize.Service;
using WxPlatformAuthorize.WebAPI.Models;

namespace WxPlatformAuthorize.WebAPI.Controllers
{
    public class AuthorizeController : ControllerBase
    {
        private readonly AuthorizeService _service;

        public AuthorizeController(AuthorizeService service) => _service = service;

        public BaseResponse Ticket()
        {
            var ticket = _service.LatestTicket();
            if (ticket is null)
                return new ErrorResponse { Code = 404, Message = "No verify ticket has been pushed yet." };
            return new BaseResponse { Code = 0, Message = ticket.Ticket };
        }

        public BaseResponse Events(string appId)
        {
            if (string.IsNullOrEmpty(appId))
                return new ErrorResponse { Code = 400, Message = "appId is required" };
            return new BaseResponse { Code = 0, Message = _service.EventsFor(appId).Count + " events" };
        }

        public BaseResponse Purge(int days) =>
            new BaseResponse { Code = 0, Message = _service.PurgeTicketsBefore(DateTime.UtcNow.AddDays(-days)) + " removed" };
    }
}
