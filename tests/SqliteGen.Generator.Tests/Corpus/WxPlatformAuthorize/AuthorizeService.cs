// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.Service/AuthorizeService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using WxPlatformAuthorize.Repository;
using WxPlatformAuthorize.Repository.Models;
using WxPlatformAuthorize.Service.Models;

namespace WxPlatformAuthorize.Service
{
    public class AuthorizeService
    {
        private readonly IRepository _repository;
        private readonly string _appId;

        public AuthorizeService(IRepository repository, string appId)
        {
            _repository = repository;
            _appId = appId;
        }

        public void SaveTicket(string ticket)
        {
            _repository.Insert(new ComponentVerifyTicket { AppId = _appId, Ticket = ticket, CreateTime = DateTime.UtcNow },
                "INSERT INTO ComponentVerifyTicket (AppId, Ticket, CreateTime) VALUES (@AppId, @Ticket, @CreateTime)");
        }

        public ComponentVerifyTicketDto? LatestTicket()
        {
            ComponentVerifyTicket? ticket = _repository.QueryFirst<ComponentVerifyTicket>(
                "SELECT * FROM ComponentVerifyTicket WHERE AppId = @appId ORDER BY CreateTime DESC LIMIT 1", new { appId = _appId });
            return ticket is null ? null : new ComponentVerifyTicketDto
            {
                AppId = ticket.AppId,
                Ticket = ticket.Ticket,
                CreateTimeUnix = new DateTimeOffset(ticket.CreateTime).ToUnixTimeSeconds(),
            };
        }

        public void RecordEvent(string infoType, string authorizerAppId, string? code)
        {
            _repository.Execute(
                "INSERT INTO AuthorizeEventRecord (AppId, InfoType, AuthorizerAppId, AuthorizationCode, CreateTime) VALUES (@AppId, @InfoType, @AuthorizerAppId, @Code, @Now)",
                new { AppId = _appId, InfoType = infoType, AuthorizerAppId = authorizerAppId, Code = code, Now = DateTime.UtcNow });
        }

        public IReadOnlyList<AuthorizeEventRecord> EventsFor(string authorizerAppId) =>
            _repository.QueryAll<AuthorizeEventRecord>("SELECT * FROM AuthorizeEventRecord WHERE AuthorizerAppId = '" + authorizerAppId + "' ORDER BY CreateTime"); // expect: SQLG301

        public int PurgeTicketsBefore(DateTime cutoff) =>
            _repository.Execute($"DELETE FROM ComponentVerifyTicket WHERE CreateTime < '{cutoff:yyyy-MM-dd HH:mm:ss}'"); // expect: SQLG301

        public int Unauthorize(string authorizerAppId) =>
            _repository.Execute("DELETE FROM AuthorizeEventRecord WHERE AuthorizerAppId = @authorizerAppId", new { authorizerAppId });
    }
}
