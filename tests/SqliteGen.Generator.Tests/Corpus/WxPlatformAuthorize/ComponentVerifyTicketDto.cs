// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.Service/Models/ComponentVerifyTicketDto.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.Service.Models
{
    public class ComponentVerifyTicketDto
    {
        public string AppId { get; set; } = "";
        public string Ticket { get; set; } = "";
        public long CreateTimeUnix { get; set; }
    }
}
