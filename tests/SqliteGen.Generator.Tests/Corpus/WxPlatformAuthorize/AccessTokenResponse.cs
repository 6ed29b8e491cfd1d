// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI/Models/AccessTokenResponse.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.WebAPI.Models
{
    public class AccessTokenResponse : BaseResponse
    {
        public string AccessToken { get; set; } = "";
        public int ExpiresIn { get; set; }
    }
}
