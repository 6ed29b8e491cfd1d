// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.Repository/Models/AuthorizeEventRecord.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace WxPlatformAuthorize.Repository.Models
{
    public class AuthorizeEventRecord
    {
        public long Id { get; set; }
        public string AppId { get; set; } = "";
        public string InfoType { get; set; } = "";
        public string AuthorizerAppId { get; set; } = "";
        public string? AuthorizationCode { get; set; }
        public DateTime CreateTime { get; set; }
    }
}
