// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WxSDK/WxApiClientConfig.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.WxSDK
{
    public class WxApiClientConfig
    {
        public string ComponentAppId { get; set; } = "";
        public string ComponentAppSecret { get; set; } = "";
        public string Token { get; set; } = "";
        public string EncodingAesKey { get; set; } = "";
        public string BaseUrl { get; set; } = "https://api.weixin.qq.com";
    }
}
